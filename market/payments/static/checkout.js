/* The card form of the checkout page: Stripe.js (loaded from STRIPE_JS_URL) turns the card into a payment
 * method, our API confirms the PaymentIntent with it, Stripe.js runs 3-D Secure when the bank asks for it, and
 * our API is asked again for the result. Texts and addresses come from the page's data attributes. */
(function () {
  'use strict';
  var root = document.getElementById('card-payment');
  if (!root || typeof Stripe === 'undefined') {
    return;
  }
  var data = root.dataset;
  var stripe = Stripe(data.publishableKey);
  var card = stripe.elements().create('card');
  card.mount('#card-element');
  var form = document.getElementById('card-form');
  var button = form.querySelector('button[type="submit"]');
  var message = document.getElementById('card-message');

  function show(text, isError) {
    message.textContent = text || '';
    message.hidden = !text;
    message.className = isError ? 'flash flash-error' : 'flash flash-info';
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': data.csrfToken},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return {ok: response.ok, status: response.status, json: json};
      });
    });
  }

  function errorOf(result) {
    return (result.json && result.json.error && result.json.error.message) || data.msgFailed;
  }

  // Stripe.js makes a PaymentMethod; a Stripe-compatible test server's script may only tokenise cards, and
  // PaymentIntents accept the tokenised card's id as well.
  function paymentMethodId() {
    return Promise.resolve(stripe.createPaymentMethod({type: 'card', card: card})).then(function (made) {
      if (made && made.paymentMethod) {
        return made.paymentMethod.id;
      }
      if (made && made.error) {
        throw new Error(made.error.message || data.msgCardError);
      }
      return stripe.createToken(card).then(function (made) {
        if (!made || made.error || !made.token) {
          throw new Error((made && made.error && made.error.message) || data.msgCardError);
        }
        return made.token.card.id;
      });
    });
  }

  function finish(result) {
    var payment = result.json.payment || result.json;
    if (payment.status === 'paid') {
      show(data.msgPaid, false);
      window.location.assign(data.statusUrl);
      return;
    }
    if (result.json.status === 'processing') {
      window.location.assign(data.statusUrl);
      return;
    }
    show(payment.last_error || data.msgFailed, true);
    button.disabled = false;
  }

  function authenticate(clientSecret) {
    var run = stripe.handleNextAction
      ? stripe.handleNextAction({clientSecret: clientSecret})
      : stripe.confirmCardPayment(clientSecret);
    // Whatever the bank answered, our server asks Stripe for the result.
    return Promise.resolve(run).catch(function () { return {}; }).then(function () {
      return post(data.refreshUrl, {});
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    button.disabled = true;
    show(data.msgProcessing, false);
    paymentMethodId().then(function (id) {
      return post(data.confirmUrl, {payment_method: id});
    }).then(function (result) {
      if (!result.ok) {
        show(errorOf(result), true);
        button.disabled = false;
        return null;
      }
      if (result.json.status === 'requires_action' && result.json.client_secret) {
        show(data.msgAuthenticate, false);
        return authenticate(result.json.client_secret).then(function (refreshed) {
          if (!refreshed.ok) {
            show(errorOf(refreshed), true);
            button.disabled = false;
            return null;
          }
          finish(refreshed);
          return null;
        });
      }
      finish(result);
      return null;
    }).catch(function (error) {
      show((error && error.message) || data.msgFailed, true);
      button.disabled = false;
    });
  });
}());
