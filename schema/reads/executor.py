"""graphql-core's execution, passing the JSON of compiled reads through untouched.

A field that resolves with a compiled read returns the database's JSON text wrapped in
``orjson.Fragment``; graphql-core would otherwise walk into it as an object to complete
field by field. Here it is left as it is, and the response's encoder writes it out.
"""

from __future__ import annotations

from typing import Any

import orjson
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


class CompiledAnswers(StrawberryGraphQLCoreExecutionContext):
    def complete_value(
        self,
        return_type: Any,
        field_details_list: Any,
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, orjson.Fragment):
            return result
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )
