"""Programme operations, split by aggregate: the directory and eligibility (:mod:`.directory`), support profiles
(:mod:`.profiles`), the ledger (:mod:`.ledger`), applications (:mod:`.applications`), staff screening and decisions
(:mod:`.staff`) and outcomes (:mod:`.outcomes`)."""
