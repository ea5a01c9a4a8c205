INSERT INTO commits (id, sha) VALUES (1, '0405f09e8ccd8ce4236bdb6b167e4426bfc41848');
INSERT INTO settings (name, value) VALUES ('password_min_length', '12');
