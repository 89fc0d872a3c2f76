"""Reading the register: releases, deals and parties, for shells and analytics."""
