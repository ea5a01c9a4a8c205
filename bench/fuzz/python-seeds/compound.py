@dec
class C[T](Base, metaclass=M):
    type Alias[U] = list[U]
    async def m(self):
        async with a as (b, c):
            await d
        return [x async for x in y if (z := x)]
try:
    pass
except* (E, F) as g:
    raise G from None
