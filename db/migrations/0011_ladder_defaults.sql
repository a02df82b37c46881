-- The escalation ladder of each item kind starts with the defaults (reminder 3 working days before
-- the deadline, 催办单 1 working day overdue, raised to the leader 5 working days after, 通报 at
-- month end); the admin changes them on /admin/ladder.
INSERT INTO `escalation_ladders` (`kind`) VALUES ('milestone'), ('decision'), ('problem');
