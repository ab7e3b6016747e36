// A first-party script and a beacon to the demo audience service, as many real sites do.
(function () {
  var port = location.port ? ':' + location.port : '';
  try { navigator.sendBeacon('http://mesure-demo.test' + port + '/beacon', 'page=' + encodeURIComponent(location.pathname)); } catch (e) {}
  var img = new Image();
  img.src = 'http://mesure-demo.test' + port + '/pixel.gif?p=' + encodeURIComponent(location.host);
})();
