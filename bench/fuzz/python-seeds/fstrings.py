def f(a, /, b=1, *c, d, **e) -> int:
    return f"{a!r:>{b}} {c=} {d:{e}.{f}}" rf"\{a}"
