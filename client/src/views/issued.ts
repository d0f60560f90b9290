// The tree nodes this extension handed to VS Code. A command that takes a node acts only on one of these: a
// command link (in a notification, a hover, a README) can pass any JSON as arguments, shaped like a node or not,
// and what it passes is never one of the objects the tree gave out.
import type { TreeNode } from './model';

const issued = new WeakSet<object>();

/** Remembers nodes as given out by the tree's provider; returns them. */
export function issue(nodes: TreeNode[]): TreeNode[] {
  for (const n of nodes) issued.add(n);
  return nodes;
}

/** The argument, when it is a node the tree gave out; otherwise undefined, whatever its shape. */
export function issuedNode(arg: unknown): TreeNode | undefined {
  return typeof arg === 'object' && arg !== null && issued.has(arg) ? arg as TreeNode : undefined;
}
