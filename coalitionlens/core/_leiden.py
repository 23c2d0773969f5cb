"""Leiden communities for weighted modularity, compiled (numba), on the network's symmetric CSR.

Traag, Waltman and van Eck (2019), "From Louvain to Leiden: guaranteeing well-connected
communities", following igraph's ``community_leiden`` step for step so that the partitions are of
the same quality and the options mean the same:

1. *Fast local moving*: every node in a queue, in random order; a node moves to the neighbouring
   community (or an empty one) of largest modularity gain
   ``w(v, C) - γ k_v K_C / 2m`` (``K_C`` without ``v``; strictly better than staying), and its
   neighbours outside its new community rejoin the queue.
2. *Refinement*: within each community, every node starts alone; in random order, a node still
   alone and well connected to its community (``w(v, S - v) ≥ γ k_v (K_S - k_v) / 2m``) joins a
   well-connected sub-community ``T`` of the same community with non-negative gain, chosen with
   probability proportional to ``exp(gain / β)``, β = 0.01 (igraph's default). Sub-communities
   are connected by construction, so every community returned is connected.
3. *Aggregation*: one node per sub-community (self-loops dropped: a node's own weight moves with
   it, so they change no gain), starting from the unrefined communities; repeat from 1 until
   every community is a single node.

``iterations`` rounds of 1-3, each starting from the last round's partition (negative: until a
round moves no node). Gains are in units of tie weight, as in igraph, so β means the same. The
random choices come from numba's generator, seeded inside the kernel: the same seed gives the same
partition on every run and platform numba supports, but not igraph's partition.
"""

from __future__ import annotations

from typing import cast

import numpy as np

# The core's one way to compile a kernel (and, by importing _kernels first, numba's cache place
# is chosen before these kernels are decorated).
from coalitionlens.core._kernels import CompactArray, FloatArray, IntArray, _jit, compact_indices

__all__ = ["leiden_labels"]


@_jit
def _move_nodes(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    weights: FloatArray,
    node_weight: FloatArray,
    membership: IntArray,
    scale: float,
) -> tuple[int, bool]:
    """Fast local moving in place on ``membership`` (any labels < n); returns the number of
    communities, relabelled 0..k-1 in order of first appearance, and whether any node moved."""
    n = indptr.shape[0] - 1
    cluster_weight = np.zeros(n, dtype=np.float64)
    cluster_size = np.zeros(n, dtype=np.int64)
    for v in range(n):
        cluster_weight[membership[v]] += node_weight[v]
        cluster_size[membership[v]] += 1
    empty = np.empty(n, dtype=np.int64)  # a stack of the empty community ids
    n_empty = 0
    for c in range(n - 1, -1, -1):
        if cluster_size[c] == 0:
            empty[n_empty] = c
            n_empty += 1
    queue = np.random.permutation(n)
    in_queue = np.ones(n, dtype=np.bool_)
    head = 0
    queued = n
    to_cluster = np.zeros(n, dtype=np.float64)
    touched = np.empty(n + 1, dtype=np.int64)
    moved = False
    while queued > 0:
        v = queue[head]
        head += 1
        if head == n:
            head = 0
        queued -= 1
        in_queue[v] = False
        current = membership[v]
        k = node_weight[v]
        count = 1
        touched[0] = current
        to_cluster[current] = 0.0
        for e in range(indptr[v], indptr[v + 1]):
            c = membership[indices[e]]
            if to_cluster[c] == 0.0 and c != current:
                # a first visit (a weight-0 tie may visit twice: it only repeats a candidate)
                touched[count] = c
                count += 1
            to_cluster[c] += weights[e]
        cluster_weight[current] -= k
        cluster_size[current] -= 1
        if cluster_size[current] == 0:
            empty[n_empty] = current
            n_empty += 1
        best = current
        best_gain = to_cluster[current] - scale * k * cluster_weight[current]
        for i in range(1, count):
            c = touched[i]
            gain = to_cluster[c] - scale * k * cluster_weight[c]
            if gain > best_gain:
                best_gain = gain
                best = c
        if best_gain < 0.0:  # an empty community gains 0
            best = empty[n_empty - 1]
        for i in range(count):
            to_cluster[touched[i]] = 0.0
        if cluster_size[best] == 0:  # the top of the stack: ``current`` itself, or another empty
            n_empty -= 1
        cluster_weight[best] += k
        cluster_size[best] += 1
        membership[v] = best
        if best != current:
            moved = True
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                if not in_queue[u] and membership[u] != best:
                    tail = head + queued
                    if tail >= n:
                        tail -= n
                    queue[tail] = u
                    queued += 1
                    in_queue[u] = True
    return _renumber(membership), moved


@_jit
def _renumber(membership: IntArray) -> int:
    """Relabel in place to 0..k-1 in order of first appearance; return k."""
    n = membership.shape[0]
    new = np.full(n, -1, dtype=np.int64)
    k = 0
    for v in range(n):
        c = membership[v]
        if new[c] < 0:
            new[c] = k
            k += 1
        membership[v] = new[c]
    return k


@_jit
def _refine(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    weights: FloatArray,
    node_weight: FloatArray,
    membership: IntArray,
    clusters: int,
    scale: float,
    beta: float,
) -> tuple[IntArray, int]:
    """Refined partition of ``membership`` (0..clusters-1): sub-communities of each community,
    numbered 0..r-1; returns the labels and r."""
    n = indptr.shape[0] - 1
    refined = np.arange(n, dtype=np.int64)
    ref_weight = node_weight.copy()
    cluster_total = np.zeros(clusters, dtype=np.float64)
    for v in range(n):
        cluster_total[membership[v]] += node_weight[v]
    # weight from each sub-community to the rest of its community
    external = np.zeros(n, dtype=np.float64)
    for v in range(n):
        c = membership[v]
        for e in range(indptr[v], indptr[v + 1]):
            if membership[indices[e]] == c:
                external[v] += weights[e]
    non_singleton = np.zeros(n, dtype=np.bool_)
    to_ref = np.zeros(n, dtype=np.float64)
    seen = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n + 1, dtype=np.int64)
    candidates = np.empty(n + 1, dtype=np.int64)
    weights_to = np.empty(n + 1, dtype=np.float64)
    cumulative = np.empty(n + 1, dtype=np.float64)
    gains = np.empty(n + 1, dtype=np.float64)
    order = np.random.permutation(n)
    for i in range(n):
        v = order[i]
        if non_singleton[v]:
            continue
        c = membership[v]
        k = node_weight[v]
        if external[v] < scale * k * (cluster_total[c] - k):
            continue  # not well connected to its own community
        own = refined[v]  # == v: still alone
        count = 1
        touched[0] = own
        seen[own] = True
        for e in range(indptr[v], indptr[v + 1]):
            u = indices[e]
            if membership[u] != c:
                continue
            r = refined[u]
            if not seen[r]:
                seen[r] = True
                touched[count] = r
                count += 1
            to_ref[r] += weights[e]
        ref_weight[own] = 0.0  # v leaves its singleton
        max_gain = 0.0  # staying alone gains 0
        kept = 0
        for j in range(count):
            r = touched[j]
            seen[r] = False
            to_v = to_ref[r]
            to_ref[r] = 0.0
            if r == own:
                gains[kept] = 0.0
                weights_to[kept] = 0.0
                candidates[kept] = r
                kept += 1
                continue
            w = ref_weight[r]
            if external[r] >= scale * w * (cluster_total[c] - w):
                gain = to_v - scale * k * w
                if gain >= 0.0:
                    gains[kept] = gain
                    weights_to[kept] = to_v
                    candidates[kept] = r
                    kept += 1
                    if gain > max_gain:
                        max_gain = gain
        # A weight below exp(-40) of the largest adds nothing to a sum of at least 1 (in
        # double precision): skip its exp.
        total = 0.0
        cutoff = max_gain - 40.0 * beta
        for j in range(kept):
            if gains[j] >= cutoff:
                total += np.exp((gains[j] - max_gain) / beta)
            cumulative[j] = total
        draw = np.random.random() * total
        pick = kept - 1
        for j in range(kept):
            if draw < cumulative[j]:
                pick = j
                break
        chosen = candidates[pick]
        to_chosen = weights_to[pick]
        ref_weight[chosen] += k
        if chosen != own:
            refined[v] = chosen
            non_singleton[chosen] = True
            # v's ties into ``chosen`` become inner, its others in the community outer
            external[chosen] += external[v] - 2.0 * to_chosen
    return refined, _renumber(refined)


@_jit
def _aggregate(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    weights: FloatArray,
    node_weight: FloatArray,
    labels: IntArray,
    count: int,
) -> tuple[IntArray, IntArray | CompactArray, FloatArray, FloatArray]:
    """The graph of ``labels`` (0..count-1): one node per label, tie weights summed, self-loops
    dropped, node weights summed."""
    n = indptr.shape[0] - 1
    start = np.zeros(count + 1, dtype=np.int64)
    for v in range(n):
        start[labels[v] + 1] += 1
    for c in range(count):
        start[c + 1] += start[c]
    members = np.empty(n, dtype=np.int64)
    fill = start[:-1].copy()
    for v in range(n):
        members[fill[labels[v]]] = v
        fill[labels[v]] += 1
    new_weight = np.zeros(count, dtype=np.float64)
    new_indptr = np.zeros(count + 1, dtype=np.int64)
    new_indices = np.empty(indices.shape[0], dtype=indices.dtype)  # the width it was given
    new_weights = np.empty(indices.shape[0], dtype=np.float64)
    slot = np.full(count, -1, dtype=np.int64)
    size = 0
    for c in range(count):
        row_start = size
        for i in range(start[c], start[c + 1]):
            v = members[i]
            new_weight[c] += node_weight[v]
            for e in range(indptr[v], indptr[v + 1]):
                d = labels[indices[e]]
                if d == c:
                    continue
                s = slot[d]
                if s < row_start:
                    slot[d] = size
                    new_indices[size] = d
                    new_weights[size] = weights[e]
                    size += 1
                else:
                    new_weights[s] += weights[e]
        new_indptr[c + 1] = size
    return new_indptr, new_indices[:size].copy(), new_weights[:size].copy(), new_weight


@_jit
def _leiden_kernel(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    weights: FloatArray,
    resolution: float,
    iterations: int,
    seed: int,
    beta: float,
) -> IntArray:
    np.random.seed(seed)
    n = indptr.shape[0] - 1
    strength = np.zeros(n, dtype=np.float64)
    for v in range(n):
        for e in range(indptr[v], indptr[v + 1]):
            strength[v] += weights[e]
    total = strength.sum()
    membership = np.arange(n, dtype=np.int64)
    if total <= 0.0:
        return membership
    scale = resolution / total
    done = 0
    changed = True
    while (iterations < 0 and changed) or (iterations >= 0 and done < iterations):
        done += 1
        changed = False
        g_indptr, g_indices, g_weights, g_node = indptr, indices, weights, strength
        g_member = membership.copy()  # the partition of the current graph's nodes
        node_of = np.arange(n, dtype=np.int64)  # each organisation's node in the current graph
        while True:
            clusters, moved = _move_nodes(g_indptr, g_indices, g_weights, g_node, g_member, scale)
            changed = changed or moved
            nodes = g_indptr.shape[0] - 1
            if clusters >= nodes:
                break
            refined, count = _refine(
                g_indptr, g_indices, g_weights, g_node, g_member, clusters, scale, beta
            )
            if count >= nodes:  # the refinement merged nothing: aggregate on the communities
                refined = g_member.copy()
                count = clusters
            next_member = np.empty(count, dtype=np.int64)
            for v in range(nodes):
                next_member[refined[v]] = g_member[v]
            for i in range(n):
                node_of[i] = refined[node_of[i]]
            g_indptr, g_indices, g_weights, g_node = _aggregate(
                g_indptr, g_indices, g_weights, g_node, refined, count
            )
            g_member = next_member
        for i in range(n):
            membership[i] = g_member[node_of[i]]
        _renumber(membership)
    return membership


def leiden_labels(
    indptr: IntArray,
    indices: IntArray | CompactArray,
    weights: FloatArray,
    *,
    seed: int,
    resolution: float = 1.0,
    iterations: int = 2,
    beta: float = 0.01,
) -> IntArray:
    """Leiden community of each node (0..k-1, in order of first appearance) of a symmetric CSR
    graph with no self-loops, maximising ``Σ_C (w_C / m - γ (K_C / 2m)²)``.

    Examples
    --------
    >>> import numpy as np
    >>> indptr = np.array([0, 2, 4, 7, 10, 12, 14])  # two triangles joined by the tie 2-3
    >>> indices = np.array([1, 2, 0, 2, 0, 1, 3, 2, 4, 5, 3, 5, 3, 4])
    >>> leiden_labels(indptr, indices, np.ones(14), seed=0).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    return cast(
        IntArray,
        _leiden_kernel(
            np.ascontiguousarray(indptr, dtype=np.int64),
            compact_indices(indices, indptr.shape[0] - 1),
            np.ascontiguousarray(weights, dtype=np.float64),
            float(resolution),
            int(iterations),
            int(seed),
            float(beta),
        ),
    )
