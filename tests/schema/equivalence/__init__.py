"""The generated-query equivalence check of the hub's compiled reads.

The hub answers a query's selection with one SQL statement per root field. To check those
answers without trusting any of that machinery, this package holds a second, deliberately
naive implementation of the public read graph (``reference``: rows in memory, Python, the
committed SDL and graphql-core), a seeded generator of queries over that graph
(``queries``), and the comparison of both answers (``compare``).
"""
