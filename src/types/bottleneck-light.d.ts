// bottleneck/light.js is the Redis-free build that @octokit/plugin-throttling itself uses; same API.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
