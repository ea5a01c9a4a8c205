-- MySQL dump 10.13
INSERT INTO `settings` VALUES (1,'theme','dark');
INSERT INTO `users` VALUES (1,'ada','ada@acme.io','$2b$12$Lmse2FFIcraCsXJElrk2xeJzWDcRBMqXFLJxJn3NLBz1y6xQTm2q6','2024-01-02'),(2,'bob','bob@acme.io','$2y$10$ouRGefA3z6fByquOQy8sjEcI7WcPsoZ2a93kveYhB0jeZUs7nDI10','2024-01-03');
INSERT INTO members (id, login, password) VALUES (7, 'carol', '2a28bf27d9b2f12a7213bf4635f3f1c6');
INSERT INTO commits (id, sha) VALUES (7, '0405f09e8ccd8ce4236bdb6b167e4426bfc41848');
