"""Use cases. The only layer that commits (through ``unit_of_work``); every function checks
authorisation itself (``permissions``).

The web layer calls in here and nowhere lower; the services use ``caseflow.engine``,
``caseflow.domain``, ``caseflow.models`` and the ``workflows`` definitions (import contracts
in pyproject.toml). The modules are grouped in rooms: ``cases`` (one case, its workflow,
letters, documents and read models), ``caselists`` (lists, queues, counts, exports,
dashboard), ``deadlines``, ``messaging``, ``insight``, ``reporting``, ``reference``,
``meetings``, ``audit``, ``accounts``, ``installation`` and ``operations``; at the top
``permissions``, ``unit_of_work``, ``file_limits`` and ``vocabulary``. docs/architecture.md
lists them.
"""
