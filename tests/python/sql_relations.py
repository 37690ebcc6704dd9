"""Test helper (served by spark_service.py): the relations Spark 3.5's own SQL parser finds in each query (input:
a list of queries; result: a list of sorted lists). A relation is an UnresolvedRelation of the parsed plan, in any
subquery or CTE body, minus the query's CTE names: what the analyzer would look up in a catalog. Nothing is
executed, so the session's settings and catalog do not matter."""


def relations(spark, query):
    jvm = spark._jvm
    as_list = jvm.scala.collection.JavaConverters.seqAsJavaList
    names, ctes, plans = set(), set(), [spark._jsparkSession.sessionState().sqlParser().parsePlan(query)]
    while plans:
        node = plans.pop()
        kind = node.getClass().getSimpleName()
        if kind == "UnresolvedRelation":
            names.add(".".join(as_list(node.multipartIdentifier())))
        if kind == "UnresolvedWith":
            for pair in as_list(node.cteRelations()):
                ctes.add(pair._1())
                plans.append(pair._2())
        children = node.children().iterator()
        while children.hasNext():
            plans.append(children.next())
        expressions = [e for e in as_list(node.expressions().toSeq())]
        while expressions:
            expression = expressions.pop()
            if expression.getClass().getSimpleName() in ("ScalarSubquery", "Exists", "ListQuery", "LateralSubquery"):
                plans.append(expression.plan())
            inner = expression.children().iterator()
            while inner.hasNext():
                expressions.append(inner.next())
    return sorted(name for name in names if name.lower() not in {c.lower() for c in ctes})


def serve(spark, queries):
    return [relations(spark, query) for query in queries]
