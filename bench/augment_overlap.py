"""Eighth round (issue 15): how far an entity-swapped copy's feature rows differ from its
document's (coherent swaps, one copy a document; pair and status rows aligned by order)."""
import collections
from armswatch.extract.learning import corpus, transfers
from armswatch.extract.learning.augment import copies
docs = corpus.load_corpus()
orig, cop = [], []
for d in docs:
    cs = copies(d, 1, "coherent")
    if cs:
        orig.append(d); cop.append(cs[0])
an = transfers.analyse_all(orig + cop)
same_rows = rows = 0
jac = []
diff = collections.Counter()
srows = ssame = 0
for d, c in zip(orig, cop):
    a = transfers.examples([d], an); b = transfers.examples([c], an)
    for x, y in zip(a[0], b[0]):
        rows += 1
        sx, sy = set(x), set(y)
        same_rows += sx == sy
        jac.append(len(sx & sy) / len(sx | sy))
        for f in sx ^ sy:
            diff[f.split(":")[0]] += 1
    for x, y in zip(a[2], b[2]):
        srows += 1; ssame += set(x) == set(y)
print("pair rows", rows, "identical", same_rows, "mean jaccard", round(sum(jac)/len(jac), 3))
print("status rows", srows, "identical", ssame)
print("differing feature families", diff.most_common(15))
