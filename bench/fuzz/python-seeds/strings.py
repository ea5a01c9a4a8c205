x = '''\N{BULLET} \x41 \101 \u00e9'''
b = b'\xff' Rb"\\"
lambda *a, **k: (yield)
global g; del a[1:2, ::3], b.c
