// A minimal typed event emitter, so kube modules can notify without depending on vscode.

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<(e: T) => void>();

  /** Subscribe; dispose the result to unsubscribe. */
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // One failing listener must not stop the others (nor the informer that fires).
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
