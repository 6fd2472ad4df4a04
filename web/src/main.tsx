import { render } from 'preact';
import { Root } from './app.js';

render(<Root />, document.getElementById('app')!);
