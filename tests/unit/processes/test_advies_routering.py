"""The advice requests from the routing table's rows and the locatiecheck: one per adviser group, instemming
winning over advies, reasons merged in order, each once, an internal conflict left out, at most three
features named per kind of conflict. The reasons are worked out once per department (not per row)."""

from __future__ import annotations

from typing import Any

from processes.advies_routering import adviesverzoeken

CHECK = {
    "conflicten": [
        {"afdeling": "Natuur", "beschrijving": "Binnen Natura 2000", "feature_naam": "Veluwe"},
        {"afdeling": "Natuur", "beschrijving": "Binnen Natura 2000", "feature_naam": "Rijntakken"},
        {"afdeling": "Natuur", "beschrijving": "Binnen Natura 2000", "feature_naam": "Veluwe"},
        {"afdeling": "Natuur", "beschrijving": "Binnen Natura 2000", "feature_naam": "Sallandse Heuvelrug"},
        {"afdeling": "Natuur", "beschrijving": "Binnen Natura 2000", "feature_naam": "Wieden"},
        {
            "afdeling": "Milieu",
            "beschrijving": "Nabij Bevi-inrichting",
            "feature_naam": "Tank 1",
            "intern": True,
        },
        {"afdeling": "Milieu", "beschrijving": "Geluidzone", "feature_naam": None},
        {"afdeling": "Water", "beschrijving": "Waterkering"},
    ],
    "afdelingen": ["Natuur", "Milieu", "Water", "Erfgoed"],
}
ROUTES = [
    {"groep": "Provincie", "soort": "instemming", "reden": "Natura 2000", "afdeling": "Natuur"},
    {"groep": "Omgevingsdienst", "soort": "advies", "reden": "", "afdeling": "Milieu"},
    {"groep": "Omgevingsdienst", "soort": "instemming", "reden": "Bevi", "afdeling": "Milieu"},
    {"groep": "Welstand", "soort": "advies", "reden": "Welstand", "afdeling": None},
    {"groep": "Provincie", "soort": "advies", "reden": "Natura 2000", "afdeling": "Natuur"},
    {"groep": "", "soort": "advies"},
]


def test_one_request_per_group_with_its_reasons_in_order() -> None:
    natura = "locatiecheck: Binnen Natura 2000 (Veluwe, Rijntakken, Sallandse Heuvelrug en 1 meer)"
    assert adviesverzoeken(CHECK, ROUTES) == [
        {
            "groep": "Omgevingsdienst",
            "soort": "instemming",
            "titel": "Instemming Omgevingsdienst",
            "reden": "locatiecheck: Geluidzone; Bevi",
        },
        {
            "groep": "Provincie",
            "soort": "instemming",
            "titel": "Instemming Provincie",
            "reden": f"{natura}; Natura 2000",
        },
        {
            "groep": "Erfgoed",
            "soort": "advies",
            "titel": "Advies Erfgoed",
            "reden": "locatiecheck noemt Erfgoed",
        },
        {"groep": "Water", "soort": "advies", "titel": "Advies Water", "reden": "locatiecheck: Waterkering"},
        {"groep": "Welstand", "soort": "advies", "titel": "Advies Welstand", "reden": "Welstand"},
    ]


def test_many_rows_and_conflicts_take_no_product_of_work() -> None:
    """300 departments' rows and 30,000 conflicts: each row scanned every conflict (0.3 s of CPU)."""
    conflicts = [
        {"afdeling": f"A{i % 300}", "beschrijving": "regel", "feature_naam": f"f{i}"} for i in range(30_000)
    ]
    rows = [{"groep": f"G{i}", "afdeling": f"A{i}"} for i in range(300)]
    reads = [0]

    class Read(dict):  # a conflict that counts how often its fields are read
        def get(self, key: Any, default: Any = None) -> Any:
            reads[0] += 1
            return super().get(key, default)

        def __getitem__(self, key: Any) -> Any:
            reads[0] += 1
            return super().__getitem__(key)

    found = adviesverzoeken({"conflicten": [Read(c) for c in conflicts]}, rows)
    assert reads[0] <= 5 * len(conflicts), reads  # a few reads of each conflict, not one per row (9·10⁶)
    assert found[0]["reden"] == "locatiecheck: regel (f0, f300, f600 en 97 meer)"


def test_the_names_go_inside_a_description_that_ends_its_sentence() -> None:
    """A description that is a sentence ("... consulteren.") gets the names before its full stop, not
    after it: "... consulteren (Oosterhoeve)." (outside tester, gisregels)."""
    check = {
        "conflicten": [
            {
                "afdeling": "Buurgemeente",
                "beschrijving": "Binnen 500 m van de gemeentegrens: de buurgemeente consulteren.",
                "feature_naam": "Oosterhoeve",
            }
        ],
        "afdelingen": ["Buurgemeente"],
    }
    [request] = adviesverzoeken(check, [])
    assert request["reden"] == (
        "locatiecheck: Binnen 500 m van de gemeentegrens: de buurgemeente consulteren (Oosterhoeve)."
    )
