"""A message the status page refuses does not use up the case's budget of the applicant's messages.

Review "sessie12c", 2: five aanvullingen refused for a bad file (400, "upload again") used the case's
5-per-24-hours budget, and the applicant's correct aanvulling then got 429 for a day, though nothing was
ever registered."""

from __future__ import annotations

from tests.e2e import kaart_status_fixtures as fx
from tests.e2e.kaart_status_fixtures import status_form
from tests.e2e.test_upload_sizes import send_aanvulling, waiting_for_aanvulling
from tests.integration.document_helpers import pdf

app, clock, demo_layers = fx.app, fx.clock, fx.demo_layers


def test_refused_aanvullingen_do_not_use_up_the_budget(app):
    client, code, form = waiting_for_aanvulling(app)
    codes = []
    for i in range(5):
        form = status_form(client.get(f"/status/{code}").text)
        codes.append(send_aanvulling(client, code, form, b"dit is geen pdf %d" % i).status_code)
    form = status_form(client.get(f"/status/{code}").text)
    good = send_aanvulling(client, code, form, pdf("echt"))
    assert codes == [400] * 5
    assert good.status_code == 303, f"correct aanvulling after 5 refused ones answered {good.status_code}"
