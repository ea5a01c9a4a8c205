match p:
    case {"k": [1, *rest]} | Point(x=0) as q if q:
        pass
    case _:
        ...
