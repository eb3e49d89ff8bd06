"""Discussion pages: list with the new-discussion form, detail with replies and reply form."""

from __future__ import annotations

from tenant_apps.discussions import services
from tenant_apps.discussions.models import Discussion, Reply
from tests.discussions.helpers import Cast, client_for


def test_list_page_shows_discussions_and_a_labelled_form_to_members(public_cast: Cast) -> None:
    services.discussion_create(
        access=public_cast.access("member"),
        actor=public_cast.people["member"],  # type: ignore[arg-type]
        title="Paden",
        body="<p>x</p>",
    )
    page = client_for(public_cast.people["member"]).get("/groups/tuinen/discussions/")
    assert page.status_code == 200
    assert "<h1>Discussions in Group tuinen</h1>" in page.text
    assert ">Paden</a></h2>" in page.text
    assert '<label for="id_title">Title:</label>' in page.text
    assert '<label for="id_body">Text:</label>' in page.text
    # visitors who may not write see no form
    anonymous = client_for(None).get("/groups/tuinen/discussions/")
    assert anonymous.status_code == 200
    assert "Start a discussion" not in anonymous.text


def test_posting_the_form_creates_and_redirects(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    response = client.post("/groups/tuinen/discussions/", {"title": "Nieuw", "body": "<p>b</p>"})
    discussion = Discussion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/groups/tuinen/discussions/{discussion.pk}/"


def test_an_invalid_form_is_shown_again_with_messages(public_cast: Cast) -> None:
    response = client_for(public_cast.people["member"]).post(
        "/groups/tuinen/discussions/", {"title": "", "body": "<script>x</script>"}
    )
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert Discussion.objects.count() == 0


def test_detail_page_shows_replies_and_takes_a_reply(public_cast: Cast) -> None:
    member = public_cast.people["member"]
    discussion = services.discussion_create(
        access=public_cast.access("member"),
        actor=member,
        title="Vraag",
        body="<p>Hoe?</p>",  # type: ignore[arg-type]
    )
    client = client_for(member)
    url = f"/groups/tuinen/discussions/{discussion.pk}/"
    assert client.post(url, {"body": "<em>Zo</em>"}).status_code == 302
    page = client.get(url)
    assert page.status_code == 200
    assert "<h1>Vraag</h1>" in page.text
    assert '<div class="rich-text"><p>Hoe?</p></div>' in page.text
    assert '<div class="rich-text"><em>Zo</em></div>' in page.text
    assert '<label for="id_body">Your reply:</label>' in page.text
    assert Reply.objects.get().author == member


def test_pages_speak_dutch(public_cast: Cast) -> None:
    client = client_for(public_cast.people["member"])
    page = client.get("/groups/tuinen/discussions/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "Discussies in Group tuinen" in page.text
    assert "Begin een discussie" in page.text
