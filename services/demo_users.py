"""The demo users, defined once: `ruimteflow demo` creates them and the demo seeders act as them.

(username, display name, role, groups). Password for every demo user: "demo".
"""

from __future__ import annotations

DEMO_USERS = [
    ("anna", "Anna de Vries", "vergunningverlener", ["Vergunningen"]),
    ("tom", "Tom Bakker", "teamleider", ["Vergunningen", "Teamleider"]),
    ("rob", "Rob Jansen", "adviseur", ["Ruimtelijke Ordening", "Wonen", "Grondzaken"]),
    (
        "mila",
        "Mila Visser",
        "adviseur",
        ["Milieu", "Omgevingsdienst", "Veiligheidsregio", "Drinkwaterbedrijf"],
    ),
    ("eva", "Eva Smit", "adviseur", ["Energie en Klimaat"]),
    ("lars", "Lars Mulder", "adviseur", ["Landbouw en Buitengebied", "Natuur"]),
    ("jet", "Jet de Boer", "adviseur", ["Juridisch"]),
    ("pim", "Pim Meijer", "projectleider", ["Projectleider warmtetransitie", "Energie en Klimaat"]),
    ("nina", "Nina Bos", "adviseur", ["Netbeheerder"]),
    ("wim", "Wim Dekker", "adviseur", ["Woningcorporatie"]),
    ("olaf", "Olaf Peters", "adviseur", ["Openbare Ruimte"]),
    ("piet", "Piet van Dam", "adviseur", ["Provincie", "Buurgemeente"]),
    ("daan", "Daan Kok", "adviseur", ["Duurzaamheidsadviseur"]),
    ("wouter", "Wouter Vos", "adviseur", ["Warmtebedrijf"]),
    ("wessel", "Wessel Prins", "adviseur", ["Waterschap"]),
    ("bea", "Bea Hendriks", "beheerder", ["Beheer"]),
    ("coop", "Energiecoöperatie Ruimtedal", "initiatiefnemer", []),
]


#: The contact line (app_group.contact) of the demo's outside parties: the status page names it where it
#: sends the initiator to that party (the waiting list's "Wat kunt u doen?" to the netbeheerder) and beside
#: the party holding the case. Fictional, as the demo's gemeente is: .example addresses only.
DEMO_CONTACTS = {
    "Netbeheerder": "aansluitingen@netbeheer-ruimtedal.example",
}


def demo_user(username: str) -> tuple[str, str, str, list[str]]:
    """The definition of one demo user; KeyError for a name that is not a demo user."""
    for user in DEMO_USERS:
        if user[0] == username:
            return user
    raise KeyError(username)


#: The role of a group's colleague in the simulated history (default adviseur).
COLLEAGUE_ROLES = {
    "Vergunningen": "vergunningverlener",
    "Teamleider": "teamleider",
    "Juridisch": "vergunningverlener",
    # a behandelaar: the wijkuitvoeringsplan's besluit tasks require its signed besluit, which it adds
    "Projectleider warmtetransitie": "projectleider",
}


def colleague(groep: str) -> tuple[str, str, str, list[str]]:
    """The colleague who does a group's work in the demo's simulated history (services.domain.demo_historie),
    so that the named demo users' own inboxes stay as the demo shows them. Nobody can log in as it (no
    password, no API token), so the inbox does not offer it as an assignee (services.policy.assignees)."""
    naam = "collega-" + "".join(ch for ch in groep.lower() if ch.isalnum())
    return naam, f"Collega {groep}", COLLEAGUE_ROLES.get(groep, "adviseur"), [groep]
