#!/bin/sh
export DB_USER=billing
export DB_PASSWORD=admin123
mysql -u root -pS3cretRoot42 billing < schema.sql
export API_PASSWORD="$(vault read -field=password secret/api)"
export MAIL_PASSWORD=$MAIL_PASS
