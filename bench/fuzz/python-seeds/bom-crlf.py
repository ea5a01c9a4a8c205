# -*- coding: utf-8 -*-
x = r"\é \𝕎"
if x:
	y = (
	  1 +
	  2)
