"""Object permissions on articles (loaded by ``interviews/rules.py``, which ``rules``
autodiscovers)."""

import rules

from portal.accounts.roles import is_editor, is_portal_admin


@rules.predicate
def is_not_author(user, article):
    """Not the author of what is to be approved: of a waiting change to an approved
    article, any editor who wrote part of it; of a new article, its creator."""
    if article is None:
        return True
    if article.draft_state:
        return not article.draft_editors.filter(pk=user.pk).exists()
    return article.created_by_id != user.pk


can_edit_article = is_editor | is_portal_admin
# Four eyes: an editor does not approve their own article; an admin may.
can_approve_article = is_portal_admin | (is_editor & is_not_author)

rules.add_perm("interviews.edit_article", can_edit_article)
rules.add_perm("interviews.approve_article", can_approve_article)
