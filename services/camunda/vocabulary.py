"""Namespaces, the report's actions and the Dutch reasons shown to the modeller."""

from __future__ import annotations

import re

from services.engine import deploy, expressions

BPMN = expressions.BPMN_NS
CAMUNDA = deploy.CAMUNDA_NS
DMN_NS_PREFIX = deploy.DMN_NS_PREFIX
JUEL = expressions.JUEL
CRON = expressions.CRON
#: A collection that names one variable: items, ${items} or #{items}.
MI_COLLECTION = re.compile(r"(?:[$#]\{\s*([A-Za-z_]\w*)\s*\}|([A-Za-z_]\w*))")

CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn"
MODELER = "http://camunda.org/schema/modeler/1.0"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"

VERTAALD, HANDMATIG, NIET_OVERGENOMEN, NIET_VERTAALD, GENEGEERD = ACTIONS = (
    "vertaald", "handmatig", "niet overgenomen", "niet vertaald", "genegeerd"
)  # fmt: skip
# Camunda settings without effect on the course of a process here (engine tuning, modeller metadata).
TECHNICAL = set(
    "asyncBefore asyncAfter exclusive jobPriority taskPriority modelerTemplate modelerTemplateVersion "
    "diagramRelationId versionTag historyTimeToLive isStartableInTasklist failedJobRetryTimeCycle".split()
)
# Why something was dropped or changed (Dutch, shown to the modeller).
REASONS = {
    "assignee": "Ruimteflow wijst taken niet vanuit het model toe; de taak gaat naar de kandidaatgroepen (of de lane)",
    "candidateUsers": "Ruimteflow kent alleen kandidaatgroepen, geen kandidaat-gebruikers",
    "formKey": "het Camunda-formulier is hier niet beschikbaar; de taak krijgt geen formulier "
    "(voeg zo nodig een eigenschap 'formulier' met een JSON Schema toe)",
    "dueDate": "gebruik de eigenschap 'termijn'",
    "followUpDate": "Ruimteflow kent geen opvolgdatum",
    "priority": "Ruimteflow kent geen taakprioriteit",
    "initiator": "de starter wordt niet als procesvariabele gezet",
    "candidateStarterGroups": "wie een zaak mag starten volgt niet uit het model",
    "candidateStarterUsers": "wie een zaak mag starten volgt niet uit het model",
    "properties": "metagegevens voor Camunda-plugins (bijv. e-mailsjablonen)",
    "inputOutput": "Camunda-variabelenmapping; in Ruimteflow ziet elke taak alle zaakgegevens",
    "formData": "formuliervelden; voeg zo nodig een eigenschap 'formulier' (JSON Schema) toe",
    "other": "Camunda-uitbreiding zonder tegenhanger in Ruimteflow",
    "technical": "technische Camunda-instelling of metagegevens van Camunda Modeler",
    "listener": "Ruimteflow voert geen Camunda-listeners uit; deze code draait niet meer.",
    "set_variable": " De listener zette {names}: lever die waarde zelf aan (bij het starten van de zaak of bij "
    "het afronden van een taak).",
    "noop": "letterlijke waarde zonder werking; een bpmn:task is in SpiffWorkflow een handmatige taak, "
    "daarom een lege scripttaak",
    "manual": "Ruimteflow kan deze Camunda-code niet uitvoeren; een medewerker doet nu dit werk ({who})",
    "no_lane": "zonder lane heeft de taak geen kandidaatgroep: ze is van de medewerkers van de gemeente die de "
    "zaak mogen zien (nooit van een initiatiefnemer of externe partij); voeg zo nodig 'kandidaatgroepen' toe",
    "result_manual": "geef de uitkomst mee als gegevens bij het afronden van de taak",
    "decision": "SpiffWorkflow zet alle uitvoerkolommen ({outputs}) direct in de zaakgegevens; als geen regel "
    "past, ontbreken ze (Camunda: null)",
    "decision_dynamic": "dynamische verwijzing naar een beslistabel; deploy weigert dit element tot het met de "
    "hand is aangepast",
    "binding": "de beslistabel uit dezelfde deployment wordt gebruikt",
    "result_form": "deze vorm van beslisresultaat wordt niet vertaald",
    "column": "SpiffWorkflow zet uitvoerkolom '{column}' zelf in de gegevens",
    "groups": "{error}; de lane bepaalt nu de groep",
    "language": "alleen Python- en eenvoudige JUEL-expressies worden vertaald",
    "timer": "timers zijn hier Python-expressies: ISO-tekst tussen aanhalingstekens",
    "cron": "Quartz-cron als ISO 8601-herhaling; Camunda lijnt de periode uit op de klok, hier telt ze vanaf "
    "het moment dat de timer start",
    "mi": "SpiffWorkflow leest de verzameling uit de variabele en zet elk element in de elementvariabele",
    "mi_expression": "de verzameling is een expressie; SpiffWorkflow leest haar uit één variabele: zet de lijst "
    "eerst in een variabele (bijv. in een scripttaak) en noem die",
    "mi_element_only": "elementVariable zonder collection heeft hier geen betekenis",
    "by_hand": "{error}; pas de expressie met de hand aan naar Python (deploy weigert het model tot dan)",
    "message": "Camunda zet de gegevens van een bericht als procesvariabelen; hier staan ze onder '{var}' (lees "
    'bijv. {var}["veld"]), zodat een afzender van buiten (de aanvrager, een organisatie) geen procesvariabele '
    "kan overschrijven. Pas expressies aan die deze gegevens lezen",
    "not_executable": "proces blijft in het model (bijv. een tweede pool), maar wordt niet gedeployed",
    "hit_policy": "SpiffWorkflow kent UNIQUE, FIRST en COLLECT zonder aggregatie; hier geldt de eerste "
    "passende regel",
    "unique": "bij meerdere passende regels geeft SpiffWorkflow de eerste (Camunda: een fout of controle)",
    "input_variable": "de invoerexpressie is leeg; aangenomen is dat de invoer variabele '{var}' is. Controleer "
    "dit.",
}
PYTHON_FORMATS = {"python", "py", "text/x-python"}
SET_VARIABLE = re.compile(r"\.setVariable(?:Local)?\(\s*[\"']([^\"']+)[\"']")
DECISION_RESULT = re.compile(
    r"\s*\$\{\s*decisionResult\.(?:(?:getSingleResult\(\)|singleResult)"
    r"(?:\.(\w+)|\.get\(\s*[\"'](\w+)[\"']\s*\))|getSingleEntry\(\)|singleEntry)\s*\}\s*"
)
ISO_TIME = re.compile(r"[RP0-9][0-9A-Za-z:.,+\-/]*")
