"""Who reads the security log and lifts a lockout: administrators only."""

import rules

from units.rules import is_administrator

rules.add_perm("units.view_audit", is_administrator)
rules.add_perm("units.unlock_login", is_administrator)
