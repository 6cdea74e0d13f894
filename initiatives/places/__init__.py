"""Places: the tree of regions and its maths (``tree``), profile figures, people and
appointments, and the place tree's CSV/XLSX import. The lowest slice: it imports no
other slice."""
