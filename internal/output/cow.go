package output

import "iter"

// cowShards is how many parts a cow map is split into. A preview rebuild
// writes a few dozen files into a copy of a build of tens of thousands;
// with this many parts it copies a few thousand entries, not them all.
const cowShards = 256

// cow is a map keyed by file name that copies cheaply: it is split into
// shards, which copies share until one of them writes to a shard. The
// zero cow is empty and ready to use. It is not safe for concurrent use.
type cow[V any] struct {
	shards [cowShards]map[string]V
	owned  [cowShards]bool // whether the shard is this map's alone, to write in place
	n      int
}

func shardOf(k string) int {
	h := uint32(2166136261) // FNV-1a
	for i := 0; i < len(k); i++ {
		h = (h ^ uint32(k[i])) * 16777619
	}
	return int(h % cowShards)
}

func (c *cow[V]) get(k string) (V, bool) {
	v, ok := c.shards[shardOf(k)][k]
	return v, ok
}

// writable returns k's shard, copying it first if it is shared.
func (c *cow[V]) writable(k string) map[string]V {
	i := shardOf(k)
	if !c.owned[i] {
		s := make(map[string]V, len(c.shards[i])+1)
		for k, v := range c.shards[i] {
			s[k] = v
		}
		c.shards[i], c.owned[i] = s, true
	}
	return c.shards[i]
}

func (c *cow[V]) set(k string, v V) {
	s := c.writable(k)
	if _, ok := s[k]; !ok {
		c.n++
	}
	s[k] = v
}

func (c *cow[V]) delete(k string) {
	if _, ok := c.get(k); ok {
		delete(c.writable(k), k)
		c.n--
	}
}

func (c *cow[V]) len() int { return c.n }

// clone returns a copy of c. Both share every shard from now on, until
// either writes to it.
func (c *cow[V]) clone() cow[V] {
	c.owned = [cowShards]bool{}
	return cow[V]{shards: c.shards, n: c.n}
}

// all yields every entry, in no particular order.
func (c *cow[V]) all() iter.Seq2[string, V] {
	return func(yield func(string, V) bool) {
		for _, s := range c.shards {
			for k, v := range s {
				if !yield(k, v) {
					return
				}
			}
		}
	}
}

// keys yields every key, in no particular order.
func (c *cow[V]) keys() iter.Seq[string] {
	return func(yield func(string) bool) {
		for k := range c.all() {
			if !yield(k) {
				return
			}
		}
	}
}
