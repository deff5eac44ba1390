import '@xyflow/react/dist/style.css';
import './ClusterView.css';
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent as ReactMouseEvent } from 'react';
import { ReactFlow, ReactFlowProvider, Panel, ViewportPortal, useReactFlow, useStore, useStoreApi, type Edge, type NodeMouseHandler } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useProtocolUi } from '../../protocols/registry';
import { nodeName, useSim } from '../../store/store';
import { select } from '../../session/selection';
import { ClusterContext } from './cluster-context';
import type { ClusterFlowNode } from './flow-types';
import { GroupOutlines } from './GroupOutlines';
import { Legend } from './Legend';
import { flowCenter } from './flow-center';
import { linkAt, meshLinks, type MeshLink } from './link-canvas';
import { LinkButtons } from './LinkButtons';
import { linkLabel, linkStatus } from './link-state';
import { describeOutcome } from './partition-gesture';
import { ClusterNode } from './ClusterNode';
import { NodeActions } from './NodeActions';
import { createTimerArcs } from './timer-arcs';
import { useClusterAnimation } from './useClusterAnimation';
import { BARE_TOP_PX, fitRoom, useFitView } from './useFitView';
import { useNodeLayout } from './useNodeLayout';
import { useReducedMotion } from './useReducedMotion';
import { legibility } from './legibility';
import { usePresenterMode } from '../presenter/usePresenterMode';

// Module scope: xyflow re-creates every node and edge when these objects change identity.
const nodeTypes = { node: ClusterNode };
/** The links are painted on a canvas under the nodes (link-canvas.ts), not given to xyflow as edges. */
const NO_EDGES: Edge[] = [];
const NODE_ORIGIN: [number, number] = [0.5, 0.5];
/** Above this many nodes the full mesh is drawn fainter, or it hides the messages. */
const DENSE_NODES = 9;
/** Below this height (px) the legend starts folded: the servers need the room. */
const LEGEND_MIN_HEIGHT = 320;

/** A click this close to a link's line (flow units, as the edges' 20-unit hit stroke) picks it... */
const LINK_REACH = 10;
/** ...and at least this many screen pixels however far the view zooms out. */
const LINK_REACH_PX = 5;

const onNodeClick: NodeMouseHandler<ClusterFlowNode> = (_event, node) => select({ kind: 'node', id: node.data.nodeId });

/**
 * The cluster as a circle of servers joined by a full mesh of links, with messages flying along
 * them. Fills its parent box. Reads only the store (useSim) and acts only through commands:
 * click a node, a link or a message to select it (a message is also dropped); drag nodes apart
 * to partition the network, back together to heal.
 */
export function ClusterView() {
  return (
    <ReactFlowProvider>
      <ClusterCanvas />
    </ReactFlowProvider>
  );
}

function ClusterCanvas() {
  const reducedMotion = useReducedMotion();
  const ui = useProtocolUi();
  const [arcs] = useState(createTimerArcs);
  const context = useMemo(() => ({ arcs }), [arcs]);
  const presenter = usePresenterMode().active;
  const floorZoom = legibility(1, presenter).minZoom;
  // The ring is shaped to the room it has at the legibility floor (issue 11: at 1280x720 eight
  // nodes on a circle were cropped top and bottom). In presenter mode the resting hint steps
  // aside (below), so the room runs up to the bare top margin; the partitioned hint stays.
  const partitioned = useSim((s) => s.links.groups !== null);
  const bareTop = presenter && !partitioned;
  const room = useStore(useShallow((s) => fitRoom(s.width, s.height, floorZoom, bareTop ? BARE_TOP_PX : undefined)));
  const layout = useNodeLayout(reducedMotion, room?.width ?? null, room?.height ?? null);
  const ids = useSim(useShallow((s) => s.nodes.map((n) => n.id)));
  const links = useMemo(() => meshLinks(ids), [ids]);
  const dense = ids.length > DENSE_NODES;
  const [messages, setMessages] = useState<SVGGElement | null>(null);
  const [bursts, setBursts] = useState<SVGGElement | null>(null);
  const [linkCanvas, setLinkCanvas] = useState<HTMLCanvasElement | null>(null);
  const [linkProbe, setLinkProbe] = useState<SVGSVGElement | null>(null);
  const mesh = useRef({ ids, links, dense });
  mesh.current = { ids, links, dense };
  useClusterAnimation({ messages, bursts, linkCanvas, linkProbe }, layout.centers, mesh, arcs, reducedMotion, ui);
  const { onPaneClick, onPaneMouseMove, onPaneMouseLeave } = useLinkPointer(links, layout.centers);
  // The legend steps aside (folds to its button) in presenter mode and in a short view (a
  // 720-pixel window): there it would cover the servers, which cannot zoom out further
  // without going under the text floor. It opens again when the view grows.
  const roomy = useStore((s) => s.height === 0 || s.height >= LEGEND_MIN_HEIGHT);
  const [legendOpen, setLegendOpen] = useState(!presenter && roomy);
  const [legendWidth, setLegendWidth] = useState(0);
  useEffect(() => setLegendOpen(!presenter && roomy), [presenter, roomy]);
  const zoom = useStore((s) => s.transform[2]);
  const legible = legibility(zoom, presenter);
  const selectedNode = useSim((s) => (s.selection?.kind === 'node' ? s.selection.id : null));
  const [actionsWidth, setActionsWidth] = useState(0);
  // In presenter mode the resting hint (how to drag and drop, for the person at the desk) steps
  // aside, and the cluster takes its room: at 1280x720 the ring's lower servers were cut off by
  // the legibility floor's zoom. Feedback while dragging, and the partitioned hint, stay.
  const showHint = !presenter || layout.preview !== null || layout.groups !== null;
  const nodeExtent = useFitView(
    layout.frame,
    reducedMotion,
    legendOpen && legendWidth > 0 ? legendWidth + 8 : 0,
    legible.minZoom,
    selectedNode !== null ? actionsWidth + 8 : 0,
    showHint ? undefined : BARE_TOP_PX,
  );

  const nameOf = useCallback((id: number) => useSim.getState().nodes.find((n) => n.id === id)?.name ?? nodeName(id), []);
  const outlineGroups = layout.preview ? layout.preview.groups : layout.groups;
  const hint = layout.preview
    ? describeOutcome(layout.preview.outcome, nameOf)
    : layout.groups
      ? 'Partitioned: drag a node into another group to move it, or all back together to heal'
      : 'Drag nodes apart to partition the network · click a message to drop it';

  return (
    <ClusterContext.Provider value={context}>
      {/* --cv-zoom: messages' click targets keep a size on screen (ClusterView.css). */}
      <div className={`cv-root ${legible.className}`} data-testid="cluster-view" style={{ '--cv-zoom': zoom } as CSSProperties}>
        {/* Under the flow: the mesh, painted (link-canvas.ts); the probe lends it the style sheets' looks. */}
        <canvas ref={setLinkCanvas} className="cv-links" aria-hidden="true" />
        {/* Above the links, still under the nodes: every node's timer ring (timer-arcs.ts). */}
        <canvas ref={arcs.attach} className="cv-arcs" aria-hidden="true" />
        <svg ref={setLinkProbe} className="cv-probe" aria-hidden="true" />
        <LinkButtons links={links} />
        <ReactFlow<ClusterFlowNode, Edge>
          nodes={layout.nodes}
          edges={NO_EDGES}
          nodeTypes={nodeTypes}
          nodeOrigin={NODE_ORIGIN}
          nodeExtent={nodeExtent}
          onNodesChange={layout.onNodesChange}
          onNodeDragStart={layout.onNodeDragStart}
          onNodeDragStop={layout.onNodeDragStop}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          onPaneMouseMove={onPaneMouseMove}
          onPaneMouseLeave={onPaneMouseLeave}
          nodesConnectable={false}
          elementsSelectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          disableKeyboardA11y
          panOnDrag={false}
          panOnScroll={false}
          zoomOnScroll={false}
          zoomOnPinch={false}
          zoomOnDoubleClick={false}
          preventScrolling={false}
          autoPanOnNodeDrag={false}
          nodeDragThreshold={4}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          minZoom={0.05}
          maxZoom={4}
        >
          <ViewportPortal>
            {outlineGroups && outlineGroups.length > 1 && (
              <GroupOutlines groups={outlineGroups} positions={layout.centers.current} total={ids.length} preview={layout.preview !== null} />
            )}
            <svg className="cv-layer" role="group" aria-label="Messages in flight">
              <g ref={setMessages} />
              <g ref={setBursts} />
            </svg>
          </ViewportPortal>
          {/* Out of sight but kept (a live region must exist before it speaks) when it steps aside. */}
          <Panel position="top-center" className={showHint ? 'cv-hint-panel' : 'cv-hint-panel visually-hidden'}>
            <div className={`cv-hint${layout.preview ? ' cv-hint-active' : ''}`} role="status">
              {hint}
            </div>
          </Panel>
          {selectedNode !== null && (
            <Panel position="center-right" className="cv-actions-panel">
              <NodeActions id={selectedNode} onWidth={setActionsWidth} />
            </Panel>
          )}
          <Panel position="bottom-left" className="cv-legend-panel">
            <Legend ui={ui} open={legendOpen} setOpen={setLegendOpen} onWidth={setLegendWidth} />
          </Panel>
        </ReactFlow>
      </div>
    </ClusterContext.Provider>
  );
}

/**
 * The links' pointer side, now that they are painted: a click on the pane near a line selects
 * that link (elsewhere it clears the selection, as before), and hovering one shows its name and
 * state as the edges' titles did, with a pointing cursor.
 */
function useLinkPointer(links: readonly MeshLink[], centers: { readonly current: ReadonlyMap<number, { x: number; y: number }> }) {
  const flow = useReactFlow();
  const store = useStoreApi();
  const hovered = useRef<string | null>(null);
  const pick = useCallback(
    (event: ReactMouseEvent) => {
      const p = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const zoom = store.getState().transform[2] || 1;
      const lookup = store.getState().nodeLookup;
      return linkAt(links, (id) => flowCenter(lookup, id) ?? centers.current.get(id), p, Math.max(LINK_REACH, LINK_REACH_PX / zoom));
    },
    [flow, store, links, centers],
  );
  const onPaneClick = useCallback(
    (event: ReactMouseEvent) => {
      const l = pick(event);
      select(l ? { kind: 'link', from: l.a, to: l.b } : null);
    },
    [pick],
  );
  const onPaneMouseMove = useCallback(
    (event: ReactMouseEvent) => {
      const l = pick(event);
      const pane = event.currentTarget as HTMLElement;
      const label = l ? linkLabel(nodeName(l.a), nodeName(l.b), linkStatus(useSim.getState().links, l.a, l.b)) : null;
      if (label === hovered.current) return;
      hovered.current = label;
      if (label) pane.title = label;
      else pane.removeAttribute('title');
      pane.style.cursor = label ? 'pointer' : '';
    },
    [pick],
  );
  const onPaneMouseLeave = useCallback((event: ReactMouseEvent) => {
    hovered.current = null;
    const pane = event.currentTarget as HTMLElement;
    pane.removeAttribute('title');
    pane.style.cursor = '';
  }, []);
  return { onPaneClick, onPaneMouseMove, onPaneMouseLeave };
}
