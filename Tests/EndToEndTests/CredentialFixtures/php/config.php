<?php
$dbhost = 'db.internal';
$dbuser = 'billing';
$dbpasswd = 'pass123';
define('DB_PASSWORD', 'hunter22');
$config['smtp_pass'] = 'mK9#vQ2x';
$ldap_password = getenv('LDAP_PASSWORD');
define('CACHE_PASSWORD', '');
