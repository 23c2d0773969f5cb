from coalitionlens.accounts.scoping import get_scope
from coalitionlens.engagements.views import ENGAGEMENTS
from coalitionlens.kit.crud import resource_urls

urlpatterns = resource_urls(ENGAGEMENTS, get_scope=get_scope)
