class Field:
    PASSWORD = "PASSWORD"
    PASSWORD_RESET_TIMEOUT = "259200"
bypass = "io3XPJxCnLXC"
compass = "north-by-northwest"
