"""The calendar of the TĐKT year: each unit's deadlines from a yearly template, who has and has not done each thing
(computed from the records of every subject, hence in the top layer), and the reminders."""
