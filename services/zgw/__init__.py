"""ZGW (Zaakgericht Werken) APIs: the Open Zaak connection, the catalogue and the request bodies.

``config`` reads the settings, ``client`` talks HTTP with a JWT, ``mapping`` reads ``bpmn/zgw.toml``,
``catalogus`` creates the types a procedure needs, ``payloads`` builds the bodies of the Zaken,
Documenten and Besluiten APIs from plain facts.
"""
