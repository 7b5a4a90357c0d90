"""The request path: which company a request is for, who may enter it, and which database serves
its queries (resolver, middleware, access, context, router, connections, registry cache)."""
