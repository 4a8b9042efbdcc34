"""Who manages the rule sets (values, legal bases, authority matrix, new versions): administrators only, as the
security log (units.accounts.rules). Everybody else is judged by them and gets 403 on their pages."""

import rules

from units.rules import is_administrator

rules.add_perm("awards.manage_rules", is_administrator)
