"""gunicorn's logging for `gunicorn web.wsgi:app`, the Docker image's command (``gunicorn --config
python:web.gunicorn_conf ...``), as `ruimteflow serve` sets it (web/server.py): the access log on stderr,
masked, one line per request with the account and the case it read (web/access_log.py: who looked at
which case), and gunicorn's error log on stderr in Ruimteflow's line. Without it gunicorn wrote no access
log at all. gunicorn reads the module's names; nothing else happens at import."""

from __future__ import annotations

from web.access_log import ACCESS_FORMAT, MaskingLogger

accesslog = "-"
access_log_format = ACCESS_FORMAT
logger_class = MaskingLogger
errorlog = "-"
#: the settings above by gunicorn's names: `ruimteflow serve` sets the same (web/server.py), so the image
#: and serve cannot log apart (gunicorn skips a name that is no setting of its own)
LOGGING = {
    "accesslog": accesslog,
    "access_log_format": access_log_format,
    "logger_class": logger_class,
    "errorlog": errorlog,
}
