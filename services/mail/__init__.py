"""E-mail to initiators and officers: Dutch templates, composition from step facts, SMTP transport.

- ``render``: Jinja templates (plain text + HTML per kind) in services/mail/templates/, replaceable
  per file by a municipality's own folder (``Settings.mail_templates_dir``);
- ``compose``: which mails a step causes (a ``services.step_effects`` subscriber), and the officers'
  mails (assignment, a deadline coming up) and the re-sent tracking link;
- ``transport``: SMTP (``Settings.smtp_*``), or, with no SMTP host, ``.eml`` files in
  ``instance/outbox/`` that beheer shows;
- ``channel``: the "email" handler of the transactional outbox (``services.outbox``): a mail is
  written in the step's transaction and sent by the worker after the commit.
"""
