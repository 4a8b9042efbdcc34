"""Sign-in and sessions: the lockout page, the limits of a session, two-factor sign-in (TOTP), the security log
and the lockouts for administrators (docs/security.md, "Sign-in and sessions")."""
