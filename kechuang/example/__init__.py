"""The worked example of docs/dev/add-a-work-line.md: the smallest complete work line.

Award nominations (科技奖励推荐): the bureau nominates an enterprise's achievement for a science
and technology award, submits it, and records the result. Installed only by the test settings
(``config/settings/test.py``), so the guide's code is run by the suite and never drifts from the
shape it describes; the product does not ship it.
"""
