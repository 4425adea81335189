"""HTTP views of the learners app, one module per audience: `trainer` (/formateur/) and `space`
(/mon-parcours/). The partner portal lives in learners.views_partners."""
