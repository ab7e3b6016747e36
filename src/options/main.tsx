import { render } from 'preact';

render(<main><h1>Vigie</h1></main>, document.getElementById('app')!);
