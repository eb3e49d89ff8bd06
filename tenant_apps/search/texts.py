"""Messages shared by the search page and the search API."""

from django.utils.translation import gettext_lazy as _

EMPTY_QUERY_MESSAGE = _("Type one or more words to search for.")
NO_RESULTS_MESSAGE = _("Nothing found. Try other or fewer words.")
