/**
 * Client entry: mounts the app into #app.
 */
import { render } from 'solid-js/web';
import { App } from './App.tsx';
import './styles/base.css';
import './styles/views.css';
import './styles/requirements.css';
import './styles/archive.css';
import './styles/followup.css';

const root = document.getElementById('app');
if (!root) throw new Error('#app missing from index.html');
render(() => <App />, root);
