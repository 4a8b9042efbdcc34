"""The models of the awards app, defined by subject and re-exported here for Django's model loading.

Import a model from its home (`awards.register.models`, `awards.nominations.models`, …): this module pulls in
every subject of the app, so code below the nominations and councils layers must not import it.
"""

from awards.catalogue.models import *  # noqa: F403
from awards.certificates.models import *  # noqa: F403
from awards.councils.models import *  # noqa: F403
from awards.nominations.models import *  # noqa: F403
from awards.payouts.models import *  # noqa: F403
from awards.register.models import *  # noqa: F403
