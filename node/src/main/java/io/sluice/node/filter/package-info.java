/**
 * Filters a destination applies before storing and a client applies when served, with canal's semantics: table
 * include and exclude lists of Perl-style regular expressions ({@link io.sluice.node.filter.TableFilter}), per-table
 * column lists ({@link io.sluice.node.filter.ColumnFilter}) and entry kinds
 * ({@link io.sluice.node.filter.EventTypeFilter}), combined in {@link io.sluice.node.filter.DestinationFilter}.
 * Every class is immutable and thread-safe; errors are raised while parsing, never while filtering. docs/filters.md
 * describes the syntax.
 */
package io.sluice.node.filter;
