"""Compiled reads: a query's selection becomes one SQL statement that builds the answer.

How each field is read is declared once, beside its GraphQL type (``fields``: a column,
a text per language, the row a key names, a connection of rows; ``roots``: root fields
and the rows Python objects name). A field that resolves itself (a root field, say)
plans its selection once per document (``plans``, ``selections``), and for each shape of
its arguments (``arguments``, ``conditions``) compiles one statement (``sql``, in each
database's spelling: ``dialects``) that returns the field's whole answer as JSON text.
That text goes into the response untouched (``executor``), so the Python work of a
request depends on the query's size, not on how many objects come back, and the number
of statements depends on the query's root fields, never on its rows.

Resolvers remain for writes, for fields made of Python values (``viewer``), and for the
archive's search, which plans its own statements before compiling its page.
"""
