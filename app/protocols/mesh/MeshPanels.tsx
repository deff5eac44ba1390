import { useState } from 'react';
import { Tabs, type TabSpec } from '../../views/tabs/Tabs';
import { RouteDetail } from './RouteDetail';
import { ServiceGraph } from './ServiceGraph';
import { TracesPanel } from './TracesPanel';

/**
 * The mesh's bottom-row panel, three tabs each with the panel's whole width (a 1280x720 screen
 * had the chosen route's detail squeezed beside the service graph to a sliver): the service
 * graph, the chosen route's detail (choosing an edge in the graph opens it), and the traces'
 * span waterfall.
 */
export function MeshPanels() {
  const [tab, setTab] = useState('graph');
  const [route, setRoute] = useState<string | null>(null);
  const tabs: TabSpec[] = [
    {
      id: 'graph',
      label: 'Service graph',
      render: () => (
        <ServiceGraph
          chosen={route}
          onChoose={(r) => {
            setRoute(r);
            setTab('route');
          }}
        />
      ),
    },
    { id: 'route', label: 'Route', render: () => <RouteDetail chosen={route} onChoose={setRoute} /> },
    { id: 'traces', label: 'Traces', render: () => <TracesPanel /> },
  ];
  return <Tabs label="Mesh panel" tabs={tabs} selected={tab} onSelect={setTab} />;
}
