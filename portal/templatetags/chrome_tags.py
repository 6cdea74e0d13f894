"""``{% anonymous_cache name var... %}...{% endanonymous_cache %}``: the site's chrome (the
navigation) rendered once per process for visitors who are not logged in, per the values
it varies on (the language, the active menu entry), from the ``template_fragments`` cache
(each process's memory) like Django's ``{% cache %}``; a logged-in user's chrome (menus of
their roles, unread notifications) is rendered every time."""

from django import template
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key

register = template.Library()

SECONDS = 24 * 3600


class AnonymousCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        user = context.get("user")
        if user is None or user.is_authenticated:
            return self.nodelist.render(context)
        key = make_template_fragment_key(self.name, [v.resolve(context) for v in self.vary_on])
        alias = "template_fragments" if "template_fragments" in settings.CACHES else "default"
        value = caches[alias].get(key)
        if value is None:
            value = self.nodelist.render(context)
            caches[alias].set(key, value, SECONDS)
        return value


@register.tag("anonymous_cache")
def do_anonymous_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes at least one argument (a name).")
    nodelist = parser.parse(("endanonymous_cache",))
    parser.delete_first_token()
    return AnonymousCacheNode(nodelist, bits[1], [parser.compile_filter(b) for b in bits[2:]])
