"""Closed cases are not kept for good (privacy review: AVG art. 5(1)(e) and 17; Archiefwet, VNG
Selectielijst): once a closed case's bewaartermijn has ended, ``ruimteflow zaken opschonen`` lists it
(``termijn``) and, with ``--uitvoeren`` and an approved list (``register``), destroys it (``vernietigen``)."""
