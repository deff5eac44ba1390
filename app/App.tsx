/** The composition root: it wires views together and holds no logic of its own. */
export function App() {
  return (
    <main className="shell">
      <h1>Quorum Playground</h1>
      <p>The engine is being built: the live cluster view arrives with the playground issue.</p>
    </main>
  );
}
