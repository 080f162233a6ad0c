"""The workshops' pages, one module per part: workshops (list, page, create,
edit), agenda (sessions, speakers, links), groups; registration and files
(registration, attendance, check-in, photos) in their own modules."""
